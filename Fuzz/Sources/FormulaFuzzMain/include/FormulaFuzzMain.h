// Entry point of the formula fuzz executable (see FormulaFuzzMain.c).
int grpo_fuzz_formula_main(int argc, char **argv);
