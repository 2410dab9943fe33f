"""How the trained model reads random invite codes typed in the chat.

Usage (from the repository root, after `make model`):
    PYTHONPATH=. .venv-bot/bin/python bot/code_readings.py [MODEL] [COUNT] [SEED]

Prints how many random codes (half in capitals with dashes, half in lower case with
spaces) got each intent, and those read as an intent that stops the code form from
taking them (set_language, crisis, withdraw).
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections import Counter

from rasa.core.agent import Agent

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # api/secrets_codes.py
NOT_TAKEN_AS_CODE = {"set_language", "crisis", "withdraw"}  # bot/domain.yml, invite_code


def random_code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
    groups = (raw[:4], raw[4:8], raw[8:])
    return "-".join(groups) if rng.random() < 0.5 else " ".join(groups).lower()


async def report(model: str, count: int, seed: int) -> None:
    agent = Agent.load(model)
    rng = random.Random(seed)
    intents: Counter[str] = Counter()
    misread = []
    for _ in range(count):
        code = random_code(rng)
        intent = (await agent.parse_message(code))["intent"]["name"]
        intents[intent] += 1
        if intent in NOT_TAKEN_AS_CODE:
            misread.append((code, intent))
    print(f"{count} random codes: {dict(intents.most_common())}")
    print(f"read as {sorted(NOT_TAKEN_AS_CODE)}: {len(misread)} {misread}")


if __name__ == "__main__":
    args = sys.argv[1:]
    model = args[0] if args else "models/medvirk.tar.gz"
    count = int(args[1]) if len(args) > 1 else 300
    seed = int(args[2]) if len(args) > 2 else 2
    asyncio.run(report(model, count, seed))
