"""The platform-neutral chat: inputs in, messages with buttons out, for every adapter alike."""
