import { Query } from '@nestjs/cqrs';
import type { ChildDataReading } from '#read-store';

/**
 * A query of the read models, with who asks it: its handler reads through
 * `ChildDataReadModels.as(query.reading)`, so child-level words are shown (and the reading logged)
 * or withheld as that reader may see them. Null: nobody named, read as a reader without the
 * permission. The reader is the first argument of every such query, so none is built without one.
 */
export abstract class ReadQuery<Result> extends Query<Result> {
  constructor(readonly reading: ChildDataReading | null) {
    super();
  }
}
