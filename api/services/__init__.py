"""Business logic that routes call; routes never touch sessions or clients directly."""
