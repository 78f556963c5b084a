"""`simulate --explain`: why a scenario's win rate is what it is, for its author.

`clauses` splits goals into the clauses an author wrote, `analysis` measures a batch of games
(clause shares, events, choices, variables, initiatives, objectives, the factors that explain
victory), `render` prints it as text, JSON or an HTML page.
"""
