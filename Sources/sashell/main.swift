// sashell: an analysis shell for attention interpretability, scripted in Lua.
import Autodiff
import Foundation
import Shell

Allocator.retainFreedMemory()
exit(runShell(arguments: CommandLine.arguments))
