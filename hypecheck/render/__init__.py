"""Renderers: functions from Report(s) to output. One module per format."""
