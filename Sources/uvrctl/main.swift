import Foundation
import UVRCLI

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
