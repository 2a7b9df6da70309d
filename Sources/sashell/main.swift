// sashell: an analysis shell for attention interpretability, scripted in Lua.
import Foundation
import Shell

exit(runShell(arguments: CommandLine.arguments))
