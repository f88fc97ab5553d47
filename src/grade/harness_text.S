/* harness_text: the harness program's source (harness/gradlab_harness.c) inside gradlab, as
 * the NUL-terminated string harness_source, so that the grader needs no file of its own to
 * find at run time and the source cannot be swapped for another. */
	.section .rodata
	.globl harness_source
	.type harness_source, @object
harness_source:
	.incbin "src/grade/harness/gradlab_harness.c"
	.byte 0
	.size harness_source, . - harness_source
	.section .note.GNU-stack,"",@progbits
