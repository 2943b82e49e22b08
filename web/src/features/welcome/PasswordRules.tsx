/** The password policy of the server (src/access/users/password-policy.ts) in words, for the forms. */
export const PASSWORD_RULES = [
  'at least 12 characters (a few words make a good one)',
  'not a commonly used password, even with digits or symbols around it',
  'no short pattern said again and again, and at least 5 different characters',
  'no run of consecutive characters such as abcdef or 654321',
  'nothing of your email address before the @',
] as const;

/** The rules as a list under a password field. */
export function PasswordRules({ id }: { id: string }) {
  return (
    <ul id={id} className="password-rules">
      {PASSWORD_RULES.map((rule) => (
        <li key={rule}>{rule}</li>
      ))}
    </ul>
  );
}
