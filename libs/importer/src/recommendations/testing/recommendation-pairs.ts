/**
 * Pairs of recommendation wordings, each marked the same recommendation or a different one of the
 * same source: the data the text match's threshold was chosen on (match-recommendation.spec.ts
 * counts both kinds of error at it). `a` is a plan's words as the committee papers give them
 * (shared/seeds, shared/fixtures: the 2018-19 Service Improvement Plan, the 2024-25 Service
 * Development Plan, the 2017 and 2019 committee reports); `b` is how a later plan restates it
 * (same: true) or another recommendation of the same source in its own words (same: false),
 * written as the plans write them: shortened, re-cited, with the source's name, date and
 * "retained for oversight" around them.
 */
export type RecommendationPair = { source: string; a: string; b: string; same: boolean };

const OFSTED_2016 = 'Ofsted inspection July 2016';
const FOCUSED_2018 = 'Ofsted focused visit October 2018';
const ILACS_2020 = 'Ofsted inspection February 2020';
const AUDIT_2024 = 'Aidhour independent audit February 2024';
const AUDIT_2018 = 'Aidhour independent audit 2018';

const R1 =
  'Further improve the quality and consistency of written plans for children, including early help plans, child in need plans, personal education plans and pathway plans. These should be clear and simple, fully integrate the views of children and young people and clearly state what is to be achieved by when.';
const R2 =
  "When families disengage from services and the threshold is not met to excalate the case further, ensure that any ongoing work is purposeful and that case records clearly evidence manager's rationale for ceasing or continuing support.";
const R3 =
  'Ensure that permanency planning records include a record of decisions about legalpermanence for children, along with the rationale for these decisions.';
const R4 = 'Expedite the provision of health histories for all care leavers';
const RECORDS =
  "Ensure that case records are up-to-date and comprehensive, including case chronologies being kept up to date on children's files to maintain a clear record of significant incidents, themes and patterns in children's lives.";
const EARLY_HELP =
  'Increase the number of families taking up Early Help services, building on existing partnership working at a strategic and operational level (paragraph 8)';
const PATHWAY_SHARED = 'Ensure that Pathway Plans are shared with care leavers (Paragraph 55)';
const FV_RISK = 'Risk assessments to more clearly articulate measures to address and minimise risk.';
const FV_INVOLVEMENT =
  "The more explicit and consistent demonstration of young people's involvement in preparing their pathway plans.";
const FV_SUPERVISION =
  'The supervision of social workers to consistently demonstrate reflective, analytical supervision and clear management oversight.';
const FV_MOVES = 'Management decision making clearer written rationale on accommodation moves';
const FV_REVIEWED =
  "Pathway plans are not always being consistently reviewed when young people's circumstances change, for example a change in their living arrangements.";
const FV_VOICE =
  "The local authority is aware of the need to strengthen the voice of care leavers on the local authority's safeguarding subcommittee, which fulfils the role of the corporate parenting board.";
const ILACS_RECORDING =
  "Ofsted recommendation 2020: The recording of management decision making at all stages of a child's journey. Retained to keep";
const ILACS_STEP_DOWN = 'Ofsted recommendations from judgment in February 2020';
const AUDIT_HSB = 'Aidhour Audit Feb 2024. Strengthen work with young people with sexually harmful behaviours.';
const AUDIT_FAMILY =
  'Recommendation following Audit Feb 2024. Exploration of other family finding services that might be available to support unaccompanied asylum seekers in locating their loved ones';
const AUDIT_MULTI =
  'Recommendation from Independent audit Feb 2024. The service to consider a multi-agency approach to their care leavers (where they consent) so that there is a formal mechanism to support the YP from all the agencies involved.';
const AUDIT_ORIENTATION =
  'Add sexual orientation to the personal information tab on mosaic. Auditors found it difficult to quickly see sexual orientation - information on non heterosexual identity included in case summaries';
const AUDIT_DOLS = 'Service Level Recommendation from Independent Audit Feb 2024';
const A18_DECISIONS =
  'Safe, informed and individualised decisions to be made for all children and young people referred to the City of London (Aidhour)';
const A18_THINK_FAMILY = 'Think Family to be central to all our interventions with childrenand young people (Aidhour)';
const A18_DRIFT =
  'Intervention should be timely, focused and regularly reviewed with clear exit strategies identified in order to avoid drift (Aidhour audit)';
const A18_PATHWAY =
  'Care leavers have pathway plans that reflect their journey and contain their voice. These plans will be regularly reviewed and updated. (Aidhour)';
const A18_SUPPORTED =
  'Social workers are supported and enabled to offer children, young people and their families the best possible service.(Aidhour Audit & Multi-Agency Audit).';
const A18_THEORY =
  "Embed a theory of practice into the social work function within the City of London Children's Services.(Aidhour case review).";

export const RECOMMENDATION_PAIRS: RecommendationPair[] = [
  // The same recommendation, restated by a later plan.
  {
    source: OFSTED_2016,
    a: R1,
    b: 'R1 (ILACS 2016): written plans for children to be consistent and of good quality',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R1,
    b: 'Ofsted 2016 - improve the quality and consistency of written plans for children, clear and simple, with the views of children and young people (retained for oversight)',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R2,
    b: "R2 (ILACS 2016): when families disengage, ongoing work is purposeful and case records evidence the manager's rationale for ceasing or continuing support",
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R2,
    b: "Families who disengage below threshold: work stays purposeful and records show the manager's rationale for continuing or ceasing support (Ofsted 2016, retained for oversight)",
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R3,
    b: 'R3 (ILACS 2016): permanency planning records to include decisions about legal permanence and their rationale',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R3,
    b: 'Permanence planning records include the decision on legal permanence for each child and the rationale for it. Retained for oversight',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R4,
    b: 'R4 (ILACS 2016): care leavers to be given their health histories without delay',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: R4,
    b: 'Health histories provided to all care leavers quickly (Ofsted July 2016)',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: RECORDS,
    b: "Case records and chronologies kept up to date and comprehensive on children's files (Ofsted 2016)",
    same: true,
  },
  {
    source: OFSTED_2016,
    a: EARLY_HELP,
    b: 'More families take up Early Help services, building on partnership working (Ofsted 2016 paragraph 8)',
    same: true,
  },
  {
    source: OFSTED_2016,
    a: PATHWAY_SHARED,
    b: 'Pathway plans shared with every care leaver (Ofsted 2016, para 55)',
    same: true,
  },
  {
    source: FOCUSED_2018,
    a: FV_RISK,
    b: 'Ofsted focused visit 2018: risk assessments to articulate more clearly how risk is addressed and minimised',
    same: true,
  },
  {
    source: FOCUSED_2018,
    a: FV_INVOLVEMENT,
    b: "Young people's involvement in preparing their pathway plans to be explicit and consistent (focused visit Oct 2018)",
    same: true,
  },
  {
    source: FOCUSED_2018,
    a: FV_SUPERVISION,
    b: 'Supervision of social workers to be reflective and analytical, with clear management oversight (Ofsted focused visit)',
    same: true,
  },
  {
    source: FOCUSED_2018,
    a: FV_MOVES,
    b: 'Clearer written rationale for management decisions on accommodation moves (Ofsted 2018)',
    same: true,
  },
  {
    source: FOCUSED_2018,
    a: FV_REVIEWED,
    b: "Pathway plans reviewed consistently whenever a young person's circumstances or living arrangements change (focused visit)",
    same: true,
  },
  {
    source: FOCUSED_2018,
    a: FV_VOICE,
    b: 'Strengthen the voice of care leavers on the safeguarding subcommittee acting as corporate parenting board (Ofsted Oct 2018)',
    same: true,
  },
  {
    source: ILACS_2020,
    a: ILACS_RECORDING,
    b: "OFSTED RECOMMENDATION from ILACS 2020 retained for oversight: recording of management decision making at every stage of a child's journey",
    same: true,
  },
  {
    source: AUDIT_2024,
    a: AUDIT_HSB,
    b: 'Audit 2024: strengthen our work with young people who show sexually harmful behaviour',
    same: true,
  },
  {
    source: AUDIT_2024,
    a: AUDIT_FAMILY,
    b: 'Explore other family finding services to help unaccompanied asylum seekers locate their loved ones (Aidhour Feb 2024)',
    same: true,
  },
  {
    source: AUDIT_2024,
    a: AUDIT_MULTI,
    b: 'Independent audit 2024: a multi-agency approach for care leavers who consent, a formal mechanism of support from all agencies involved',
    same: true,
  },
  {
    source: AUDIT_2024,
    a: AUDIT_ORIENTATION,
    b: 'Sexual orientation to be added to the personal information tab on Mosaic (Audit Feb 2024)',
    same: true,
  },
  {
    source: AUDIT_2018,
    a: A18_DRIFT,
    b: 'Timely, focused interventions, regularly reviewed, with clear exit strategies to avoid drift (Aidhour 2018)',
    same: true,
  },
  {
    source: AUDIT_2018,
    a: A18_THINK_FAMILY,
    b: 'Think Family central to all interventions with children and young people - retained (Aidhour audit)',
    same: true,
  },
  {
    source: AUDIT_2018,
    a: A18_PATHWAY,
    b: 'Pathway plans of care leavers reflect their journey and voice, and are regularly reviewed (Aidhour audit 2018)',
    same: true,
  },

  // Different recommendations of the same source, some of them alike in words.
  { source: OFSTED_2016, a: R1, b: RECORDS, same: false },
  {
    source: OFSTED_2016,
    a: R1,
    b: 'R5 (ILACS 2016): written records of decisions for children to be consistent and of good quality',
    same: false,
  },
  { source: OFSTED_2016, a: R1, b: PATHWAY_SHARED, same: false },
  { source: OFSTED_2016, a: R2, b: RECORDS, same: false },
  { source: OFSTED_2016, a: R2, b: EARLY_HELP, same: false },
  { source: OFSTED_2016, a: R3, b: RECORDS, same: false },
  { source: OFSTED_2016, a: R3, b: R1, same: false },
  { source: OFSTED_2016, a: R4, b: PATHWAY_SHARED, same: false },
  { source: OFSTED_2016, a: R4, b: 'Care leavers to have their pathway plans reviewed (Ofsted 2016)', same: false },
  { source: OFSTED_2016, a: EARLY_HELP, b: R1, same: false },
  { source: FOCUSED_2018, a: FV_INVOLVEMENT, b: FV_REVIEWED, same: false },
  { source: FOCUSED_2018, a: FV_INVOLVEMENT, b: PATHWAY_SHARED, same: false },
  { source: FOCUSED_2018, a: FV_SUPERVISION, b: FV_MOVES, same: false },
  { source: FOCUSED_2018, a: FV_RISK, b: FV_MOVES, same: false },
  { source: FOCUSED_2018, a: FV_VOICE, b: FV_INVOLVEMENT, same: false },
  {
    source: FOCUSED_2018,
    a: FV_REVIEWED,
    b: 'Pathway plans shared with care leavers and reviewed with them (focused visit 2018)',
    same: false,
  },
  { source: ILACS_2020, a: ILACS_RECORDING, b: ILACS_STEP_DOWN, same: false },
  {
    source: ILACS_2020,
    a: ILACS_RECORDING,
    b: 'Ofsted 2020: management oversight of early help step downs at every stage',
    same: false,
  },
  { source: AUDIT_2024, a: AUDIT_HSB, b: AUDIT_ORIENTATION, same: false },
  { source: AUDIT_2024, a: AUDIT_FAMILY, b: AUDIT_MULTI, same: false },
  { source: AUDIT_2024, a: AUDIT_DOLS, b: AUDIT_MULTI, same: false },
  {
    source: AUDIT_2024,
    a: AUDIT_MULTI,
    b: 'Care leavers to be supported by a multi-agency pathway plan (Audit 2024)',
    same: false,
  },
  { source: AUDIT_2018, a: A18_DECISIONS, b: A18_THINK_FAMILY, same: false },
  { source: AUDIT_2018, a: A18_DRIFT, b: A18_PATHWAY, same: false },
  { source: AUDIT_2018, a: A18_SUPPORTED, b: A18_THEORY, same: false },
  { source: AUDIT_2018, a: A18_PATHWAY, b: FV_REVIEWED, same: false },
  { source: AUDIT_2018, a: A18_SUPPORTED, b: FV_SUPERVISION, same: false },
];
