"""Chat adapters: one per platform, translating its updates to core inputs and core replies back."""
