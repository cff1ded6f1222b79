// Untyped deep imports of undici's CommonJS modules; undici-parts.ts gives them the package's types.
declare module 'undici/lib/dispatcher/agent.js' {
  const value: unknown;
  export default value;
}
declare module 'undici/lib/dispatcher/pool.js' {
  const value: unknown;
  export default value;
}
declare module 'undici/lib/core/connect.js' {
  const value: unknown;
  export default value;
}
declare module 'undici/lib/api/api-request.js' {
  const value: unknown;
  export default value;
}
declare module 'undici/lib/api/api-connect.js' {
  const value: unknown;
  export default value;
}
