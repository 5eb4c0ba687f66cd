#include <stddef.h>
#include <stdint.h>
#include "FormulaFuzzMain.h"

// As FuzzMain.c, for the executable `grpo-fuzz-formula` (entry point `grpo_fuzz_formula_main`).
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

int grpo_fuzz_formula_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
