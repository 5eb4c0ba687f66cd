# grpo_verify in a notebook: pip install ./python, then point GRPO_VERIFY_BIN at the binary
# (or put grpo-verify on PATH). Values are decimal.Decimal with every printed digit.
import grpo_verify as gv

# A binary question: G = 2, beta = 0.1, pi_ref(a) = 0.3, with a certified enclosure.
s = gv.solve(beta="0.1", ref="0.3", digits=40, certify=True)
print("pi(a) =", s.policy)                   # Decimal, 40 significant digits
lower, upper = s.enclosure                   # interval Newton: exactly one root in [lower, upper]
print("enclosure:", lower, upper)
print("methods agree to", s.agreement_digits, "digits:", ", ".join(s.methods))

# A question with three answers and Bernoulli rewards (success probabilities).
q = gv.solve(beta="0.1", ref=["0.5", "0.3", "0.2"], success=["0.9", "0.5", "0.1"])
for answer, p in enumerate(q.policy, start=1):
    print(f"pi(o{answer}) = {p}")

# Bad input raises InputError (exit status 2) with the binary's one-line message.
try:
    gv.solve(beta="0", ref="0.3")
except gv.InputError as error:
    print("refused:", error.message)
