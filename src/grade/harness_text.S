/* harness_text: the harness program (harness/gradlab_harness.c), compiled when gradlab is
 * built, inside gradlab as the bytes harness_object (harness_object_size of them). The grader
 * links it with each learner's file, so a class run compiles only the learners' files, and
 * needs no file of its own to find at run time. HARNESS_OBJECT is the object's path (the
 * Makefile passes it). */
	.section .rodata
	.balign 16
	.globl harness_object
	.type harness_object, @object
harness_object:
	.incbin HARNESS_OBJECT
harness_object_end:
	.size harness_object, . - harness_object
	.balign 8
	.globl harness_object_size
	.type harness_object_size, @object
harness_object_size:
	.quad harness_object_end - harness_object
	.size harness_object_size, 8
	.section .note.GNU-stack,"",@progbits
