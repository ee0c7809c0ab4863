import { checkCharacter, parseUscc } from '../../src/uscc';
import { isResidentIdNumber } from '../../src/resident-id';

describe('the unified social credit code (GB 32100-2015)', () => {
  it.each(['91110000600037341L', '121200004013590816', '91310115MA1K3BTP2B', '92340602MA2PBMEM24', '91620105L015101280'])('accepts the valid code %s', (code) =>
    expect(parseUscc(code)).toEqual({ uscc: code }),
  );

  it("reproduces the standard's worked example: 91350100M000100Y4 ends in 3", () => {
    expect(checkCharacter('91350100M000100Y4')).toBe('3');
  });

  it('trims and upper-cases what a clerk types', () => {
    expect(parseUscc('  91310115ma1k3btp2b ')).toEqual({ uscc: '91310115MA1K3BTP2B' });
  });

  it.each([
    ['91310115MA1K3BTP2C', /fails its check character: expected "B", found "C"/],
    ['91310115MA1K3BTP2', /has 17 characters; a USCC has 18/],
    ['91310115MA1K3BTP2BX', /has 19 characters/],
    ['91310115MA1K3BOP2B', /"O" at position 15/],
    ['9131011SMA1K3BTP2B', /"S" at position 8/],
    ['91A10115MA1K3BTP2B', /administrative division/],
    ['', /has 0 characters/],
  ])('refuses %s and says why', (code, why) => {
    const parsed = parseUscc(code);
    expect('problem' in parsed && parsed.problem).toMatch(why);
  });
});

describe('the resident identity number (GB 11643)', () => {
  it('accepts a number whose check character matches and refuses one that does not', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(isResidentIdNumber('11010519491231002')).toBe(false);
  });
});
