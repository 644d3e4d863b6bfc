// Password policy: length, character classes, not a common password.
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

// Common passwords (international lists and the patterns seen most in Chinese leaks).
const COMMON = new Set(
  `123456 123456789 12345678 password 111111 123123 1234567890 1234567 qwerty 000000 abc123 password1 iloveyou
  666666 888888 88888888 654321 7758521 5201314 woaini1314 woaini520 a123456 a12345678 aa123456 aa12345678 Aa123456
  Aa12345678 Aa123456. Abc123456 Abc12345 abc12345 abcd1234 Abcd1234 Abcd@1234 P@ssw0rd P@ssword1 Passw0rd Password1
  Password123 Password@123 Qwer1234 qwer1234 Qwerty123 Qwerty@123 qwe123456 Qq123456 qq123456 1qaz2wsx 1qaz@WSX
  1Qaz2wsx Zxcv1234 zxcvbnm123 Admin123 admin123 Admin@123 Admin@1234 admin@123 Root@123 Test@123 test1234 Welcome1
  Welcome@123 Huawei@123 Huawei12#$ Changeme1 ChangeMe123 Fq@demo2026 Fengqiao1 Fengqiao@123 Aa111111 Aa888888
  a1b2c3d4 A1b2c3d4 Woaini1314 Zhang123456 Wang123456 Li123456 Passw0rd! P@$$w0rd Abc@1234 Abc@123456 Aa@123456`
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase()),
);

export interface PasswordProblem {
  rule: 'length' | 'classes' | 'common' | 'username';
  zh: string;
  en: string;
}

export function checkPassword(pw: string, policy: PasswordPolicy, username?: string): PasswordProblem | null {
  if (pw.length < policy.minLength)
    return { rule: 'length', zh: `密码至少 ${policy.minLength} 位`, en: `the password needs at least ${policy.minLength} characters` };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < policy.minClasses)
    return {
      rule: 'classes',
      zh: `密码须包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`,
      en: `the password needs at least ${policy.minClasses} of: lower-case, upper-case, digits, symbols`,
    };
  if (COMMON.has(pw.toLowerCase())) return { rule: 'common', zh: '该密码过于常见，请换一个', en: 'this password is too common' };
  if (username && pw.toLowerCase().includes(username.toLowerCase()) && username.length >= 3)
    return { rule: 'username', zh: '密码不能包含用户名', en: 'the password cannot contain the username' };
  return null;
}
