"""The coders: rules, meaning (semantic), learning from people's coding, and the default that joins them."""
