"""The `autonomy-game` command line."""
