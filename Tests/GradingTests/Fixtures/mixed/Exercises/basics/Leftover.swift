// Left over from an exercise that was removed: `grade verify` reports it.
