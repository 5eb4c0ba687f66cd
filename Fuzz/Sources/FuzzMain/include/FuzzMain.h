// Entry point of the fuzz executable (see FuzzMain.c).
int grpo_fuzz_main(int argc, char **argv);
