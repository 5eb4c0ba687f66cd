#include <stddef.h>
#include <stdint.h>
#include "FuzzMain.h"

// SwiftPM links an executable target with `main` aliased to `<module>_main`, which a
// -parse-as-library target does not define; this one hands control to libFuzzer's driver.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

int grpo_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
