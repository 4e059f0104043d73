"""Typed text -> Intent: the one place that reads what a user typed.

`interpret.Interpreter.interpret(text, context)` is the entry point; `text` is the one
tokeniser, `normalize` the one normaliser. This package module imports nothing, so the content
loader can use `text` without loading the interpreter.
"""
