// The French wording of the ALTCHA widget registers itself on import (the package ships no typings for it).
declare module "altcha/i18n/fr-fr";
