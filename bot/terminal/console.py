"""Reading answers and printing steps, from a terminal or a pipe.

A pipe must work so an author can script a walk (``printf '1\nd\n' | walkbot try …``);
end of input means "quit", never a crash.
"""

from __future__ import annotations

import sys
from typing import TextIO


class Console:
    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.interactive = self.stdin.isatty() and self.stdout.isatty()

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str | None:
        """One line without its newline, or None at end of input."""
        if self.interactive:
            try:
                return input(prompt)  # line editing and history when a person is typing
            except EOFError:
                self.say()
                return None
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        line = line.rstrip("\r\n")
        self.say(line)  # echo, so a scripted transcript reads like a typed one
        return line
