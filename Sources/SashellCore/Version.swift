/// sashell's version: printed by the shell, recorded in checkpoints and in the run store.
public let sashellVersion = "0.1.0"
