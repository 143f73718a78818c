"""The dreambank application: settings, the composition root and the command line."""
