import { COMMON_PASSWORDS } from './common-passwords';
import { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_REASONS } from './password-policy';

const OK = { ok: true };
const refused = (reason: string) => ({ ok: false, reason });

describe('checkNewPassword', () => {
  describe('passes good passwords', () => {
    it.each([
      'correct horse battery staple',
      'Correct Horse Battery Staple',
      'vivid otter marble canyon 47',
      'plinth-gravy-orbit-sequin-tundra',
      'mY cat Tibbles eats 3 kippers at noon',
      'Tr0ub4dor&3-and-then-some',
      'kX9#vLq2$wPz7!nR',
      'dragon84726153', // a listed word with random (not common) padding
      'monkey fern lantern',
      'zqwxkvbjmpty', // letters near, but not along, the keyboard rows
      'π≈3.14159 is irrational',
      '🦊🦉🐢🐙 wander south together',
    ])('%s', (password) => {
      expect(checkNewPassword(password)).toEqual(OK);
    });

    it('passes long random passphrases', () => {
      const words = [
        'amber',
        'quill',
        'harbour',
        'tundra',
        'velvet',
        'orchid',
        'granite',
        'pylon',
        'saffron',
        'mosaic',
      ];
      for (let i = 0; i < 20; i++) {
        const phrase = Array.from({ length: 5 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
        expect(checkNewPassword(phrase)).toEqual(OK);
      }
    });
  });

  describe('length', () => {
    it('needs at least 12 characters', () => {
      expect(MIN_PASSWORD_LENGTH).toBe(12);
      expect(checkNewPassword('')).toEqual(refused('Password must be at least 12 characters'));
      expect(checkNewPassword('fjord quilt')).toEqual(refused(PASSWORD_REASONS.tooShort)); // 11
      expect(checkNewPassword('fjord quilts')).toEqual(OK); // 12
    });

    it('counts Unicode code points, not UTF-16 units', () => {
      // 6 emoji are 12 UTF-16 code units but 6 characters
      expect(checkNewPassword('🦊🦉🐢🐙🦔🦦')).toEqual(refused(PASSWORD_REASONS.tooShort));
      expect(checkNewPassword('🦊🦉🐢🐙🦔🦦🦊🦉🐢🐙🦔🦦'.slice(0, 22))).toEqual(refused(PASSWORD_REASONS.tooShort)); // 11
      expect(checkNewPassword('fjörd quïlts')).toEqual(OK); // 12 code points
      expect(checkNewPassword('fjörd quïlt')).toEqual(refused(PASSWORD_REASONS.tooShort)); // 11
    });

    it('allows at most 256 characters', () => {
      expect(MAX_PASSWORD_LENGTH).toBe(256);
      const phrase = 'saffron mosaic harbour tundra velvet orchid granite pylon amber quill ';
      const exactly = (n: number) => phrase.repeat(4).slice(0, n - 1) + 'z';
      expect(checkNewPassword(exactly(256))).toEqual(OK);
      expect(checkNewPassword(exactly(257))).toEqual(refused('Password must be at most 256 characters'));
    });

    it('refuses a non-string from untyped callers', () => {
      expect(checkNewPassword(undefined as unknown as string)).toEqual(refused(PASSWORD_REASONS.notText));
    });
  });

  describe('deny-list', () => {
    const tooCommon = refused('Password is too common: choose a less common one');

    it('has at least 1,000 entries, lower case and unique', () => {
      expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(1000);
      expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
      for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
    });

    it('refuses every listed entry of 12+ characters', () => {
      const long = COMMON_PASSWORDS.filter((p) => [...p].length >= MIN_PASSWORD_LENGTH);
      expect(long.length).toBeGreaterThan(300);
      for (const password of long) expect([password, checkNewPassword(password)]).toEqual([password, tooCommon]);
    });

    it.each([
      'password1234',
      'qwertyuiop123',
      '123456789012',
      'iloveyou1234',
      'passwordpassword',
      'manchesterunited',
      'administrator',
      'happybirthday',
    ])('refuses %s', (password) => {
      expect(checkNewPassword(password)).toEqual(tooCommon);
    });

    it('compares case-insensitively and after Unicode normalisation', () => {
      expect(checkNewPassword('PASSWORD1234')).toEqual(tooCommon);
      expect(checkNewPassword('ILoveYou1234')).toEqual(tooCommon);
      expect(checkNewPassword('ｐａｓｓｗｏｒｄ１２３４')).toEqual(tooCommon); // full-width forms
    });

    it.each([
      'dragon2024!!',
      'Monkey123456',
      '!!sunshine!!',
      'liverpool1892!',
      'michael01011990',
      'jennifer12/05/1990',
      'football12345678',
      'trustno1!!!!',
      'blink182blink182',
      'starwars1977!',
    ])('refuses a listed password with common padding: %s', (password) => {
      expect(checkNewPassword(password)).toEqual(tooCommon);
    });

    it('refuses the commonest bases with any digits or symbols around them', () => {
      expect(checkNewPassword('password84726153')).toEqual(tooCommon);
      expect(checkNewPassword('9#2password7!4')).toEqual(tooCommon);
      expect(checkNewPassword('qwerty83920174')).toEqual(tooCommon);
      // ... while other listed words are allowed with random digits
      expect(checkNewPassword('dragon84726153')).toEqual(OK);
    });

    it('undoes common substitutions and separators', () => {
      expect(checkNewPassword('P@ssw0rd1234')).toEqual(tooCommon);
      expect(checkNewPassword('p4$$w0rd2024')).toEqual(tooCommon);
      expect(checkNewPassword('I Love You 1234')).toEqual(tooCommon);
      expect(checkNewPassword('sweet-heart-2024')).toEqual(tooCommon);
      expect(checkNewPassword('l1verp00l1892')).toEqual(tooCommon);
    });

    it('refuses one character repeated, of any character', () => {
      for (const ch of ['a', 'Z', '1', '0', '!', ' ', 'é', '🦊']) {
        expect(checkNewPassword(ch.repeat(12))).toEqual(tooCommon);
        expect(checkNewPassword(ch.repeat(40))).toEqual(tooCommon);
      }
    });

    it('refuses digit and letter sequences, forwards and backwards, with wrap-around', () => {
      for (const password of [
        '123456789012',
        '234567890123',
        '098765432109',
        'abcdefghijkl',
        'mnopqrstuvwxyz',
        'zyxwvutsrqpo',
        'ABCDEFGHIJKLMNOP',
        'abcdef123456',
        '123456abcdef',
      ]) {
        expect([password, checkNewPassword(password)]).toEqual([password, tooCommon]);
      }
    });

    it('refuses keyboard walks, including joined-up and column walks', () => {
      for (const password of [
        'qwertyuiopas',
        'poiuytrewqlkj',
        "asdfghjkl;'#",
        'qweasdzxc123',
        '1qaz2wsx3edc',
        'zaq1xsw2cde3',
        'zaq12wsxcde3',
        '!qaz@wsx#edc',
        '1q2w3e4r5t6y',
        'q1w2e3r4t5y6',
        'qwertz123456',
        'azertyuiop12',
        '!@#$%^&*()_+',
        '789456123789',
        'aaa111bbb222',
      ]) {
        expect([password, checkNewPassword(password)]).toEqual([password, tooCommon]);
      }
    });

    it('refuses a short string repeated', () => {
      expect(checkNewPassword('abcabcabcabc')).toEqual(tooCommon);
      expect(checkNewPassword('monkeymonkey')).toEqual(tooCommon);
      expect(checkNewPassword('Xk3!Xk3!Xk3!')).toEqual(tooCommon);
      expect(checkNewPassword('fjord quilt fjord quilt ')).toEqual(tooCommon);
      // a strong passphrase repeated is still as strong as the passphrase
      expect(checkNewPassword('saffron mosaic harbour saffron mosaic harbour ')).toEqual(OK);
    });

    it('refuses a few characters hidden in common padding', () => {
      expect(checkNewPassword('ab1234567890')).toEqual(tooCommon);
      expect(checkNewPassword('!!!!!!xyz!!!')).toEqual(tooCommon);
    });
  });

  describe('the user’s own details', () => {
    const context = { email: 'Jane.Doe+hub@Example.org', displayName: 'Alex Morgan' };

    it('refuses a password containing the email address', () => {
      const reason = refused('Password must not contain your email address');
      expect(checkNewPassword('Jane.Doe+hub@Example.org', context)).toEqual(reason);
      expect(checkNewPassword('x jane.doe+hub@example.org x', context)).toEqual(reason);
    });

    it('refuses a password equal to or containing the local part (4+ characters)', () => {
      const reason = refused(PASSWORD_REASONS.email);
      expect(checkNewPassword('jane.doe+hub', context)).toEqual(reason);
      expect(checkNewPassword('my name is jane.doe really', context)).toEqual(reason);
      expect(checkNewPassword('JANEDOE-rocks-2024', context)).toEqual(reason); // separators ignored
      expect(checkNewPassword('jane.doe fjord quilt', context)).toEqual(reason); // without +tag
      // passes without the context
      expect(checkNewPassword('my name is jane.doe really')).toEqual(OK);
    });

    it('ignores a local part shorter than 4 characters', () => {
      const short = { email: 'jo@example.org' };
      expect(checkNewPassword('jo fjord quilt lantern', short)).toEqual(OK);
      expect(checkNewPassword('jo@example.org is me', short)).toEqual(refused(PASSWORD_REASONS.email));
    });

    it('refuses the display name, ignoring case, spaces and common padding', () => {
      const reason = refused('Password must not be your name');
      expect(checkNewPassword('Alex Morgan!', { ...context, displayName: 'Alex Morgan!' })).toEqual(reason);
      expect(checkNewPassword('alexmorgan2024', context)).toEqual(reason);
      expect(checkNewPassword('ALEX MORGAN 1234', context)).toEqual(reason);
      expect(checkNewPassword('Alexandria Morganite', context)).toEqual(OK);
      expect(checkNewPassword('alexmorgan2024')).toEqual(OK);
    });
  });

  describe('the service name', () => {
    const reason = refused('Password must not be the name of this service');

    it.each([
      'rephub123456',
      'RepHub2024!!',
      'rep hub 12345',
      'rep-hub-1234',
      '!!REP-HUB!!2024',
      'r3phub123456',
      'rephubrephub',
    ])('refuses %s', (password) => {
      expect(checkNewPassword(password)).toEqual(reason);
    });

    it('allows the name inside a real passphrase', () => {
      expect(checkNewPassword('rephub is where we plan ehcp reviews')).toEqual(OK);
    });
  });
});
