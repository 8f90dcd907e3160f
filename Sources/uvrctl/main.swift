import Foundation
import UVRCLI
exit(await CLI.run(Array(CommandLine.arguments.dropFirst())))
