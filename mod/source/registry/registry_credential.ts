/**
 * A registry login. `source` says where it came from (a file path or
 * "docker-credential-NAME") for messages; it never holds the secret. An
 * identity token is the OAuth2 refresh token the registry client trades for
 * an access token.
 */
export type RegistryCredential =
  | { kind: "basic"; username: string; password: string; source: string }
  | { kind: "identity-token"; token: string; source: string };
