/* The screen tests list these exercises and show their tasks; they never grade them. */
