import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The staff roles (docs/architecture.md, Roles); each is a Cognito group and arrives in the ID token's `cognito:groups`. */
export const STAFF_GROUPS = ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor'] as const;

/**
 * Staff sign-in. Accounts are created by an administrator (no self sign-up); every
 * sign-in needs a TOTP second factor. Cognito has no per-group MFA setting, so MFA
 * is REQUIRED for everyone rather than only for the deciding roles. Threat
 * protection (Plus plan) blocks compromised credentials and risky sign-ins.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // The API names staff by the ID token's `name` and writes to their `email`.
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `contact-strategy role ${group}`,
      });
    }

    // The staff console's app client (authorization code + PKCE, managed login)
    // is made by StaffConsole (console.ts); there is no other client.

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
  }
}
