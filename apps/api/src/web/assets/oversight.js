// Enhances the pages when JavaScript runs; every page works without it.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

initAll();

// A page still at work (an import's preview reading a large workbook) asks again after the seconds it gives.
const refresh = document.querySelector('[data-oversight-refresh]');
if (refresh) setTimeout(() => window.location.reload(), Number(refresh.getAttribute('data-oversight-refresh')) * 1000);
