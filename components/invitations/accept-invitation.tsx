import Link from "next/link";

interface Preview {
  organizationName: string;
  role: string;
  email: string;
}

/**
 * The invitation a signed-in user opened: which organization, which role, and Accept (`accept` is the server action
 * app/invitations/accept passes in). Without a preview the link cannot be used by this user, for a reason not named.
 */
export function AcceptInvitation({
  preview,
  token,
  signedInAs,
  invalidMessage,
  accept,
}: {
  preview: Preview | null;
  token: string;
  signedInAs: string;
  invalidMessage: string;
  accept: (form: FormData) => Promise<void>;
}) {
  return (
    <main className="mx-auto mt-16 max-w-md px-4">
      <h1 className="mb-4 text-2xl font-semibold">Invitation</h1>
      {preview ? (
        <form action={accept} className="space-y-4">
          <input type="hidden" name="token" value={token} />
          <p className="text-sm">
            You are invited to join <strong data-testid="invitation-org">{preview.organizationName}</strong> as{" "}
            <strong data-testid="invitation-role">{preview.role}</strong>.
          </p>
          <button
            type="submit"
            className="w-full rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
          >
            Accept invitation
          </button>
        </form>
      ) : (
        <div className="space-y-3 text-sm">
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700 dark:bg-red-950 dark:text-red-300">
            {invalidMessage}.
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">
            You are signed in as {signedInAs}. Ask whoever invited you for a new link, or{" "}
            <Link href="/runs" className="underline">
              go to your runs
            </Link>
            .
          </p>
        </div>
      )}
    </main>
  );
}
