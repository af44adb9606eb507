import { matchFactorMax } from '@chanjiao/contracts';
import { CERTS_MAX, CLUSTER_SCORE, DISTRICT_SAME, KIND_SCORE, MAJOR_CODE, SKILLS_MAX } from '@chanjiao/matching';
import { describe, expect, it } from 'vitest';

// The web app draws each factor's share of the score against the contracts' maxima; they must be
// the engine's weights (the web app cannot import the engine).
describe('factor maxima in the contracts', () => {
  it('equal the engine weights', () => {
    expect(matchFactorMax).toEqual({
      major: MAJOR_CODE,
      skills: SKILLS_MAX,
      certs: CERTS_MAX,
      district: DISTRICT_SAME,
      cluster: CLUSTER_SCORE,
      kind: KIND_SCORE,
    });
  });
});
