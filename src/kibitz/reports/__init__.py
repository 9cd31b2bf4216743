"""Reader reports from the ∨ menu: one per reader per comment, a reason from the house rules."""
