"""The instructor's tools: generate the student notebooks, grade a class, give feedback."""
