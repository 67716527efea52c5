// The domain modules' migrations, registered with the platform's list (imported for that effect
// by the migration command and by the test setup; the apps register them by importing the modules).
import '@rep-hub/ap-domain/migrations';
import '@rep-hub/plans-domain/migrations';
import '@rep-hub/evaluation-domain/migrations';
import '@rep-hub/national-domain/migrations';
import '@rep-hub/workforce-domain/migrations';
