/** The period rules of a report live with the committee report (libs/reporting), which the command shares. */
export { asAtOf, lastFullQuarter, reportPeriod, untilOf } from '#reporting';
