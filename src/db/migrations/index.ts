// Migrations in order. Never edit one that has landed; add a new file.
import type { Migration } from 'kysely';
import * as m2026112801 from './2026112801_platform.js';
import * as m2026112802 from './2026112802_accounts.js';
import * as m2026112803 from './2026112803_grid_members.js';
import * as m2026112804 from './2026112804_audit.js';
import * as m2026112805 from './2026112805_people.js';
import * as m2026112806 from './2026112806_cases.js';
import * as m2026112807 from './2026112807_case_files.js';
import * as m2026112808 from './2026112808_deadlines.js';
import * as m2026112809 from './2026112809_supervision.js';
import * as m2026112814 from './2026112814_registers.js';
import * as m2026112815 from './2026112815_patrols_imports.js';
import * as m2026112813 from './2026112813_warnings.js';
import * as m2026112811 from './2026112811_time.js';
import * as m2026112811b from './2026112811b_review_lapse.js';
import * as m2026112813b from './2026112813b_warning_keypersons.js';
import * as m2026112812 from './2026112812_stats.js';
import * as m2026112816 from './2026112816_stat_rollup.js';
import * as m2026112817 from './2026112817_import_visibility.js';
import * as m2026112818 from './2026112818_fast_ngrams.js';
import * as m2026112819 from './2026112819_open_stocks_covering.js';

export const migrations: Record<string, Migration> = {
  '2026112801_platform': m2026112801,
  '2026112802_accounts': m2026112802,
  '2026112803_grid_members': m2026112803,
  '2026112804_audit': m2026112804,
  '2026112805_people': m2026112805,
  '2026112806_cases': m2026112806,
  '2026112807_case_files': m2026112807,
  '2026112808_deadlines': m2026112808,
  '2026112809_supervision': m2026112809,
  '2026112814_registers': m2026112814,
  '2026112815_patrols_imports': m2026112815,
  '2026112813_warnings': m2026112813,
  '2026112811_time': m2026112811,
  '2026112811b_review_lapse': m2026112811b,
  '2026112813b_warning_keypersons': m2026112813b,
  '2026112812_stats': m2026112812,
  '2026112816_stat_rollup': m2026112816,
  '2026112817_import_visibility': m2026112817,
  '2026112818_fast_ngrams': m2026112818,
  '2026112819_open_stocks_covering': m2026112819,
};
