import Foundation
import GRPOVerifyCLI

exit(GRPOVerify.run(arguments: Array(CommandLine.arguments.dropFirst())))
