/**
 * Kith's one Trusted Types policy, named `kith`. DOMPurify uses it for the HTML it returns, and script
 * text (JSON-LD) goes through it. A host enforcing Trusted Types allows `lit-html` and `kith`.
 *
 * Created lazily inside try/catch: if a host forgot to allow `kith`, elements still render (features
 * that need the policy, such as JSON-LD, are skipped) instead of the whole chunk failing.
 */

export interface KithPolicy {
  createHTML(input: string): string | TrustedHTML;
  createScript(input: string): string | TrustedScript;
  createScriptURL(input: string): string | TrustedScriptURL;
}

interface TrustedTypesLike {
  createPolicy(
    name: string,
    rules: {
      createHTML?: (s: string) => string;
      createScript?: (s: string) => string;
      createScriptURL?: (s: string) => string;
    },
  ): KithPolicy;
}

let policy: KithPolicy | null | undefined;

/** The `kith` policy, `null` when Trusted Types are absent or the host did not allow `kith`. */
export function kithPolicy(): KithPolicy | null {
  if (policy !== undefined) return policy;
  policy = null;
  const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt) return policy;
  try {
    policy = tt.createPolicy('kith', {
      // Only DOMPurify's output and Kith's own serialised JSON reach these.
      createHTML: (s) => s,
      createScript: (s) => s,
      createScriptURL: (s) => {
        const url = new URL(s, document.baseURI);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('Bad URL');
        return url.href;
      },
    });
  } catch {
    console.warn(
      "Kith: the Trusted Types policy 'kith' is not allowed on this page; add it to the trusted-types directive.",
    );
  }
  return policy;
}

declare global {
  interface TrustedHTML {
    readonly __brand: 'TrustedHTML';
  }
  interface TrustedScript {
    readonly __brand: 'TrustedScript';
  }
  interface TrustedScriptURL {
    readonly __brand: 'TrustedScriptURL';
  }
}
