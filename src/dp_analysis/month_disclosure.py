"""One suppression pattern for everything a month's public pages publish.

A month's pages publish many views of the same counts: people by age group,
client group and cost band; the cross-tabs of two of them; each age group's
band-by-client table; and figures costed from the people in each band
(Table 5's SPB and ASC totals, the break-even rate, the tier mix the data
imply, the cost pressures). Suppressing each table on its own is not enough:
a count hidden in one table could be worked out from another, or from a
cost total. So the month is treated as one linked table. Every published
view is a face of a cube, age group by client group by cost band with all
its totals, and the cube gets a single pattern of hidden cells that every
page reads.

What an intruder knows is a set of linear equations on the cube's cells:
each line of cells along one dimension sums to its total, and, when costs
are published, the people in each SPB tier (the tier mix and the Table 5
totals together give each tier's count). A hidden cell is *recoverable*
when every solution of those equations, with the shown cells fixed, gives
it the same value (its column is a pivot of the reduced equations with
nothing in the free columns). This is the intruder of
:mod:`dp_analysis.disclosure`, on the whole month at once.

The pattern is built in three steps:

1. cells holding 1 to the threshold are hidden (primary suppression);
2. while a hidden cell can be recovered, the cheapest *move* through it is
   hidden: a change to the body cells (one up; one up and another down; a
   2 x 2 or 2 x 2 x 2 swap) that, carried into the totals, keeps every
   published equation and touches only non-zero cells. Hiding a move's cells
   frees the cell for certain. Its cost is the people it newly hides, totals
   weighing more (the hypercube idea of linked-table suppression);
3. when costs are published, a tier whose hidden bands would add up to 1 to
   the threshold people hides one more of its bands, since that sum can be
   worked out from the tier's count.

Costs are not published at all (``costs_shown`` is False) when a tier holds
from 1 to the threshold people, because the tier mix states that count.

>>> from dp_analysis.counts import appendix_a
>>> from dp_analysis.scenario import load_scenario
>>> from dp_analysis import paths
>>> tiers = load_scenario(paths.REPORT_SCENARIO).spb.band_to_tier
>>> plan = plan_month(appendix_a(), tiers)
>>> plan.costs_shown
True
>>> hidden = plan.view("cost_band").hidden
>>> [label[:2] for label in hidden.index[hidden]]
['7)', '8)']
>>> plan.recoverable()
[]
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dp_analysis import disclosure, reference
from dp_analysis.exceptions import DPAnalysisError
from dp_analysis.models.uptake import GRAND_TOTAL

logger = logging.getLogger(__name__)

#: The cube's dimensions, in the order of its axes.
DIMENSIONS = ("age_group", "client_group", "cost_band")
_TOLERANCE = 1e-9


def _weight(values: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Return the cost of hiding each cell: its people, more for totals.

    A total is read by more people than a cell inside a table, so hiding a
    total costs its count times (1 + the number of its coordinates that are
    totals) squared. Measured over Appendix A and five synthetic months, this
    hides the fewest values of the one-way tables.
    """
    return values * (1.0 + level) ** 2


@dataclass(frozen=True)
class PlanView:
    """One view of the month (a table's cells with its totals), as planned.

    ``counts`` holds the values; ``hidden`` is True where a page shows
    ``[c]``; ``primary`` is True where the value is a count from 1 to the
    threshold. Each is a Series for a one-way view, a DataFrame for a two-way
    one, labelled as the published table is.
    """

    counts: pd.DataFrame | pd.Series
    hidden: pd.DataFrame | pd.Series
    primary: pd.DataFrame | pd.Series

    def display(self) -> pd.DataFrame | pd.Series:
        """Return the view as published: counts, ``[c]`` where hidden."""
        return self.counts.astype(object).mask(self.hidden, disclosure.SUPPRESSED)


@dataclass(frozen=True, eq=False)
class MonthDisclosure:
    """The month's counts as a cube with totals, and which cells are hidden.

    ``values`` and ``hidden`` have one axis per dimension of
    :data:`DIMENSIONS`; on each axis the last position is the total.
    ``equations`` are the published equations, one row each, over the
    cube's cells numbered in C order.
    """

    labels: tuple[tuple[str, ...], ...]
    values: np.ndarray
    hidden: np.ndarray
    primary: np.ndarray
    equations: np.ndarray
    band_tiers: tuple[str, ...]
    costs_shown: bool
    threshold: int

    def view(
        self,
        rows: str,
        columns: str | None = None,
        within: Mapping[str, str] | None = None,
        total: str = GRAND_TOTAL,
    ) -> PlanView:
        """Return one published view: its counts and which of them are hidden.

        ``rows`` (and ``columns``) name the view's dimensions; ``within`` fixes
        other dimensions at one label (an age group's own table). Totals are
        labelled ``total``, as :func:`dp_analysis.models.uptake.crosstab` does.
        """
        return PlanView(
            *(
                self._face(cube, rows, columns, within, total)
                for cube in (self.values, self.hidden, self.primary)
            )
        )

    @property
    def band_hidden(self) -> pd.Series:
        """Return True for each cost band whose count of people is hidden."""
        return self.view("cost_band").hidden.drop(GRAND_TOTAL)

    @property
    def total_hidden(self) -> bool:
        """Return True when the month's count of people is hidden."""
        return bool(self.hidden[(-1,) * len(DIMENSIONS)])

    def can_state(self, *groups: Iterable[str]) -> bool:
        """Return True when the people in each group of cost bands can be stated.

        Each group (labels of cost bands) is one sentence's count. Stating it
        adds an equation; the groups can be stated together when no hidden
        count becomes recoverable, and when no group's count is from 1 to the
        threshold.

        >>> from dp_analysis.counts import appendix_a
        >>> from dp_analysis.scenario import load_scenario
        >>> from dp_analysis import paths
        >>> tiers = load_scenario(paths.REPORT_SCENARIO).spb.band_to_tier
        >>> plan = plan_month(appendix_a(), tiers)
        >>> labels = reference.cost_band_labels()
        >>> plan.can_state(labels[:4]), plan.can_state(labels[7:])
        (True, False)
        """
        band_index = {label: i for i, label in enumerate(self.labels[-1])}
        extra = []
        for group in groups:
            line = np.zeros(self.values.shape)
            chosen = [band_index[label] for label in group]
            line[-1, -1, chosen] = 1
            number = int(self.values[-1, -1, chosen].sum())
            if 1 <= number <= self.threshold:
                return False
            extra.append(line.ravel())
        if not extra:
            return True
        equations = np.vstack([self.equations, *extra])
        return not _recoverable(equations, self.values.ravel(), self.hidden.ravel())

    def recoverable(self) -> list[tuple[str, ...]]:
        """Return the labels of hidden non-zero cells the equations pin down."""
        cells = _recoverable(self.equations, self.values.ravel(), self.hidden.ravel())
        return [self._cell_labels(cell) for cell in cells]

    def describe(self) -> str:
        """Return plain-English text on what the month's pages hide and why."""
        primary = int(self.primary.sum())
        secondary = int(self.hidden.sum()) - primary
        if not primary and not secondary:
            return (
                f"No value was hidden: no count from 1 to {self.threshold} in this "
                "month's tables."
            )
        text = (
            f"Counts from 1 to {self.threshold} are shown as {disclosure.SUPPRESSED} "
            "to protect the people they describe. Further counts are shown as "
            f"{disclosure.SUPPRESSED} so that no hidden count can be worked out "
            "from totals, from another table of this month, or from the costs. "
            "Every page of the month hides the same counts."
        )
        if not self.costs_shown:
            text += (
                f" An SPB tier holds from 1 to {self.threshold} people, so costs "
                "that depend on the people in each tier are not published."
            )
        return text

    def _face(
        self,
        cube: np.ndarray,
        rows: str,
        columns: str | None,
        within: Mapping[str, str] | None,
        total: str,
    ) -> pd.DataFrame | pd.Series:
        within = dict(within or {})
        shown = [rows] if columns is None else [rows, columns]
        index: list[int | slice] = []
        for axis, dimension in enumerate(DIMENSIONS):
            if dimension in shown:
                index.append(slice(None))
            elif dimension in within:
                index.append(self.labels[axis].index(str(within[dimension])))
            else:
                index.append(-1)
        face = cube[tuple(index)]
        kept = [d for d in DIMENSIONS if d in shown]
        if columns is not None and kept != shown:
            face = face.T
        names = [[*self.labels[DIMENSIONS.index(d)], total] for d in shown]
        if columns is None:
            return pd.Series(face, index=pd.Index(names[0], name=rows))
        return pd.DataFrame(
            face,
            index=pd.Index(names[0], name=rows),
            columns=pd.Index(names[1], name=columns),
        )

    def _cell_labels(self, cell: int) -> tuple[str, ...]:
        position = np.unravel_index(cell, self.values.shape)
        return tuple(
            (*labels, disclosure.TOTAL)[i]
            for labels, i in zip(self.labels, position, strict=True)
        )


def plan_month(
    counts: pd.DataFrame,
    band_to_tier: Mapping[int, str],
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> MonthDisclosure:
    """Return the month's suppression pattern for every public page.

    ``counts`` holds one month: a ``people`` count per age group, client
    group and cost band. ``band_to_tier`` is the scenario's SPB tier of each
    band number (1 to 8). The result depends on nothing else, so every page
    of the month, run apart, gets the same pattern.
    """
    labels = tuple(_labels(counts, dimension) for dimension in DIMENSIONS)
    body = (
        counts.assign(**{d: counts[d].astype(str) for d in DIMENSIONS})
        .groupby(list(DIMENSIONS))["people"]
        .sum()
        .reindex(pd.MultiIndex.from_product(labels), fill_value=0)
        .to_numpy()
        .reshape([len(axis) for axis in labels])
        .astype(np.int64)
    )
    band_tiers = tuple(band_to_tier[number] for number in range(1, len(labels[-1]) + 1))
    key = hashlib.sha256(
        body.tobytes() + repr((labels, band_tiers, threshold)).encode()
    ).hexdigest()
    return _plan(key, labels, body.tobytes(), band_tiers, threshold)


@functools.lru_cache(maxsize=32)
def _plan(
    key: str,
    labels: tuple[tuple[str, ...], ...],
    body_bytes: bytes,
    band_tiers: tuple[str, ...],
    threshold: int,
) -> MonthDisclosure:
    """Return the plan for one cube (cached: every page of a month asks)."""
    shape = tuple(len(axis) for axis in labels)
    body = np.frombuffer(body_bytes, dtype=np.int64).reshape(shape)
    values = _with_totals(body)
    flat = values.ravel()
    tiers = _tier_lines(values.shape, band_tiers)
    tier_people = [int(flat[line > 0].sum()) for line in tiers]
    costs_shown = not any(1 <= people <= threshold for people in tier_people)
    published = np.array(tiers) if costs_shown else np.zeros((0, flat.size))
    equations = np.vstack([_line_equations(values.shape), published])
    primary = (flat >= 1) & (flat <= threshold)
    hidden = _protect(equations, published, flat, primary.copy(), values.shape)
    if costs_shown:
        hidden = _protect_tier_sums(
            equations, published, flat, hidden, values.shape, threshold
        )
    logger.info(
        "Month disclosure plan: %d primary and %d secondary cells hidden of %d; "
        "costs %s",
        int(primary.sum()),
        int(hidden.sum() - primary.sum()),
        flat.size,
        "published" if costs_shown else "hidden",
    )
    return MonthDisclosure(
        labels,
        values,
        hidden.reshape(values.shape),
        primary.reshape(values.shape),
        equations,
        band_tiers,
        costs_shown,
        threshold,
    )


def _labels(counts: pd.DataFrame, dimension: str) -> tuple[str, ...]:
    if dimension == "cost_band":
        return tuple(reference.cost_band_labels())
    column = counts[dimension]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return tuple(str(label) for label in column.cat.categories)
    return tuple(sorted(str(label) for label in column.unique()))


def _with_totals(body: np.ndarray) -> np.ndarray:
    """Return ``body`` with a total appended along every axis."""
    values = body
    for axis in range(body.ndim):
        values = np.concatenate(
            [values, values.sum(axis=axis, keepdims=True)], axis=axis
        )
    return values


def _line_equations(shape: tuple[int, ...]) -> np.ndarray:
    """Return one equation per line of cells: its body cells sum to its total."""
    numbers = np.arange(int(np.prod(shape))).reshape(shape)
    lines = []
    for axis in range(len(shape)):
        others = [range(n) for i, n in enumerate(shape) if i != axis]
        for fixed in itertools.product(*others):
            index: list[int | slice] = list(fixed)
            index.insert(axis, slice(None))
            cells = numbers[tuple(index)]
            line = np.zeros(numbers.size)
            line[cells[:-1]] = 1
            line[cells[-1]] = -1
            lines.append(line)
    return np.array(lines)


def _tier_lines(
    shape: tuple[int, ...], band_tiers: tuple[str, ...]
) -> list[np.ndarray]:
    """Return one equation per SPB tier: the people in its bands (a known sum)."""
    lines = []
    for tier in dict.fromkeys(band_tiers):
        line = np.zeros(shape)
        bands = [i for i, name in enumerate(band_tiers) if name == tier]
        line[-1, -1, bands] = 1
        lines.append(line.ravel())
    return lines


def _recoverable(
    equations: np.ndarray, values: np.ndarray, hidden: np.ndarray
) -> list[int]:
    """Return the hidden non-zero cells whose value the equations pin down.

    The equations restricted to the hidden cells are brought to reduced row
    echelon form. A hidden cell is pinned when its column is a pivot and its
    row has nothing in the free columns: its value is then a constant.
    (Elimination by rows, not a singular value decomposition: the matrices
    are small and of 0s and 1s, and this keeps clear of BLAS threads.)
    """
    free = np.flatnonzero(hidden & (values > 0))
    if free.size == 0:
        return []
    system = equations[:, free].astype(float)
    system = system[np.any(system != 0, axis=1)]
    reduced, pivots = _row_reduce(system)
    if not pivots:
        return []
    other = np.ones(free.size, dtype=bool)
    other[pivots] = False
    pinned = [
        int(free[column])
        for row, column in enumerate(pivots)
        if not np.any(np.abs(reduced[row, other]) > _TOLERANCE)
    ]
    return pinned


def _row_reduce(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Return ``matrix`` in reduced row echelon form, and its pivot columns."""
    reduced = matrix.copy()
    rows, columns = reduced.shape
    pivots: list[int] = []
    row = 0
    for column in range(columns):
        if row == rows:
            break
        best = row + int(np.argmax(np.abs(reduced[row:, column])))
        if abs(reduced[best, column]) <= _TOLERANCE:
            continue
        reduced[[row, best]] = reduced[[best, row]]
        reduced[row] /= reduced[row, column]
        factors = reduced[:, column].copy()
        factors[row] = 0.0
        reduced -= factors[:, None] * reduced[row][None, :]
        pivots.append(column)
        row += 1
    return reduced, pivots


def _level(shape: tuple[int, ...]) -> np.ndarray:
    """Return, per cell, how many of its coordinates are totals (0 for body)."""
    grids = np.indices(shape)
    return sum(
        (grids[axis] == shape[axis] - 1).astype(int) for axis in range(len(shape))
    ).ravel()


def _protect(
    equations: np.ndarray,
    tiers: np.ndarray,
    values: np.ndarray,
    hidden: np.ndarray,
    shape: tuple[int, ...],
) -> np.ndarray:
    """Return ``hidden`` with secondary cells added until none can be recovered.

    Each recoverable cell is freed by the cheapest *move* through it: a change
    to the body cells (one cell up, or one up and another down, or a 2 x 2 or
    2 x 2 x 2 swap) that, carried into the totals, keeps every published
    equation. The move's cells are all non-zero, so the cell can go up or down
    by some amount with every count staying non-negative. Hiding every cell
    of the move frees the cell; its cost is the people in the cells it newly
    hides. Cells pinned by the published equations alone are never chosen.
    ``tiers`` are the equations beyond the cube's lines (the tiers' people),
    which a move must keep as well.
    """
    everything = values > 0
    inherent = set(_recoverable(equations, values, everything))
    weights = _weight(values, _level(shape))
    while True:
        exposed = [
            c for c in _recoverable(equations, values, hidden) if c not in inherent
        ]
        if not exposed:
            return hidden
        cell = exposed[0]
        support = _cheapest_move(cell, values, weights, hidden, shape, tiers)
        if support is None:
            position = tuple(int(i) for i in np.unravel_index(cell, shape))
            raise DPAnalysisError(
                f"the month's disclosure plan found no way to protect the hidden "
                f"count at cube position {position}; publish this month in "
                "internal mode and have its suppression reviewed"
            )
        hidden = hidden | support


def _cheapest_move(
    cell: int,
    values: np.ndarray,
    weights: np.ndarray,
    hidden: np.ndarray,
    shape: tuple[int, ...],
    extra: np.ndarray,
) -> np.ndarray | None:
    """Return the cells of the cheapest valid move through ``cell``, or None.

    ``weights`` is the cost of hiding each cell; ``extra`` the equations a
    move must keep beyond the cube's lines.
    """
    moves = _moves_through(np.unravel_index(cell, shape), shape)
    if moves.shape[0] == 0:
        return None
    full = _with_totals_batch(moves).reshape(moves.shape[0], -1)
    support = full != 0
    valid = support[:, cell] & ~np.any(support & (values == 0)[None, :], axis=1)
    if extra.shape[0]:
        valid &= np.all(np.abs(full @ extra.T) < _TOLERANCE, axis=1)
    if not valid.any():
        return None
    newly = support & ~hidden[None, :]
    cost = (newly * weights[None, :]).sum(axis=1)
    cost = np.where(valid, cost, np.inf)
    return support[int(np.argmin(cost))]


def _moves_through(position: tuple, shape: tuple[int, ...]) -> np.ndarray:
    """Return body moves (one array of body cells each) that change ``position``.

    ``position`` is a cell of the cube with totals; on an axis where it is a
    total, a move may use any body index there.
    """
    body = tuple(n - 1 for n in shape)
    choices = [
        range(n) if int(p) == n else [int(p)]
        for p, n in zip(position, body, strict=True)
    ]
    cells = int(np.prod(body))
    free_axes = [i for i, p in enumerate(position) if int(p) < body[i]]
    batches: list[np.ndarray] = []
    for base in itertools.product(*choices):
        at = int(np.ravel_multi_index(base, body))
        # One cell up, and one cell up with any other down.
        pairs = np.zeros((cells, cells), dtype=np.int64)
        pairs[:, at] = 1
        others = np.arange(cells) != at
        pairs[np.flatnonzero(others), np.flatnonzero(others)] = -1
        batches.append(pairs.reshape(cells, *body))
        # Swaps on two or three axes where the cell is a body cell.
        for size in (2, 3):
            for axes in itertools.combinations(free_axes, size):
                batches.append(_swaps(base, axes, body))
    return np.concatenate(batches)


def _swaps(base: tuple, axes: tuple[int, ...], body: tuple[int, ...]) -> np.ndarray:
    """Return the 2 x 2 (x 2) swaps at ``base`` over ``axes``, one per partner."""
    others = [[j for j in range(body[i]) if j != base[i]] for i in axes]
    partners = list(itertools.product(*others))
    swaps = np.zeros((len(partners), *body), dtype=np.int64)
    for n, partner in enumerate(partners):
        for corner in itertools.product((0, 1), repeat=len(axes)):
            index = list(base)
            for k, axis in enumerate(axes):
                if corner[k]:
                    index[axis] = partner[k]
            swaps[(n, *index)] = (-1) ** sum(corner)
    return swaps


def _with_totals_batch(moves: np.ndarray) -> np.ndarray:
    """Return each move of a batch with its totals appended along every axis."""
    values = moves
    for axis in range(1, moves.ndim):
        values = np.concatenate(
            [values, values.sum(axis=axis, keepdims=True)], axis=axis
        )
    return values


def _protect_tier_sums(
    equations: np.ndarray,
    tiers: np.ndarray,
    values: np.ndarray,
    hidden: np.ndarray,
    shape: tuple[int, ...],
    threshold: int,
) -> np.ndarray:
    """Return ``hidden`` with no tier's hidden bands adding up to a small count.

    A tier's people are published, so the people in its hidden bands are
    known together; when that sum is from 1 to the threshold, one more band
    of the tier is hidden.
    """
    while True:
        changed = False
        for line in tiers:
            bands = np.flatnonzero(line)
            hidden_sum = int(values[bands][hidden[bands]].sum())
            if not 1 <= hidden_sum <= threshold:
                continue
            shown = [b for b in bands[np.argsort(values[bands])] if not hidden[b]]
            shown = [b for b in shown if values[b] > 0]
            if not shown:
                continue
            hidden = hidden.copy()
            hidden[shown[0]] = True
            changed = True
        if not changed:
            return hidden
        hidden = _protect(equations, tiers, values, hidden, shape)
