"""What each lender is repaid at each instalment of a solidarity loan, in whole cents.

The rule, the same for the holder's dashboard, the recording of a repayment and the lender's page:
by the end of an instalment, a lender has been repaid the loan's share the schedule has reached so
far (the instalments' percents added up, in their order), rounded down to the cent. An
instalment's share is the difference between that figure and the one before it. So a lender's
shares never differ from the exact percentage by a cent or more, the cent a rounding keeps back is
paid with the next instalment, and the last instalment (100 %) brings every loan back exactly. An
instalment's total is the sum of its lenders' shares: the amount recorded is that total, to the cent.
"""

from dataclasses import dataclass


def ordered(instalments):
    """The schedule in the order it is repaid: by due date, then as the editor ordered it."""
    return sorted(instalments, key=lambda instalment: (instalment.due_on, instalment.sort_order or 0, instalment.pk))


@dataclass(frozen=True)
class Step:
    instalment: object
    reached_before: int  # percent of the loan repaid before this instalment
    reached_after: int  # ... and once it is paid

    def share_of(self, amount_cents):
        """A lender's share of this instalment for a loan of `amount_cents`."""
        return amount_cents * self.reached_after // 100 - amount_cents * self.reached_before // 100


def steps(instalments):
    """The schedule's steps, in order; a schedule adding up to more than 100 % stops at 100 %."""
    reached = 0
    found = []
    for instalment in ordered(instalments):
        after = min(reached + instalment.percent, 100)
        found.append(Step(instalment, reached, after))
        reached = after
    return found
