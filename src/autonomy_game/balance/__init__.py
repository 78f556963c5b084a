"""Balance: many policies on paired seeds, and the targets the game is judged on."""
