"""An independent reference of METHOD.md revision 2 and a differential harness against the tool."""
