import { AsItStoodQueryDto } from '../../http/read-query.dto.js';

/** asOf (a bare day means its end), asAt, waitFor: as GET /plans/:planId/state takes them. */
export class ExportPlanRequestDto extends AsItStoodQueryDto {}
