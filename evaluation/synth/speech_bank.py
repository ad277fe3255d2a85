"""Every passage of the speech_*.py modules in one bank (apart from speech.py, which those modules import)."""

from __future__ import annotations

import functools

from evaluation.synth import speech_challenges, speech_facilitators, speech_mixed, speech_neutral, speech_values
from evaluation.synth.speech import SpeechBank


@functools.cache
def load_bank() -> SpeechBank:
    return SpeechBank(
        speech_facilitators.PASSAGES + speech_values.PASSAGES + speech_challenges.PASSAGES
        + speech_mixed.PASSAGES + speech_neutral.PASSAGES
    )
