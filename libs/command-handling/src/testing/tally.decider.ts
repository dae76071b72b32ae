import { DomainError, type Decider } from '#domain';

/** A tally: each event adds to it, so a missed, doubled or misordered fold shows in the total. */
export type Added = { type: 'Added'; data: { n: number } };
export type TallyState = { total: number; steps: number[] };
export const tally: Decider<{ type: 'Add'; n: number }, Added, TallyState> = {
  initialState: { total: 0, steps: [] },
  // Adding 0 changes nothing; a negative number is refused.
  decide: (command) => {
    if (command.n < 0) throw new DomainError('INVALID', 'Only whole numbers are added');
    return command.n === 0 ? [] : [{ type: 'Added', data: { n: command.n } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.n, steps: [...state.steps, event.data.n] }),
};
