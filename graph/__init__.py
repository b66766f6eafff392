"""The tenure model and the stores that hold or draw it."""
