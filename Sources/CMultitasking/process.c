// Process runtime (issue 3) lives in files named Process*.swift.
