import { ConflictException, Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { subject } from '@casl/ability';
import { academicYearOf, ApDirectoryService, ProviderDetail, QUALITY_CHECK_KINDS } from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import { FieldError } from '@rep-hub/platform';
import { AP_PROVIDER_TYPES, AP_TIERS } from '@rep-hub/reference';
import type { Response } from 'express';
import { CHECK_KIND_LABELS, offerView, tierLabel, tierShort, typeLabel } from './ap-view';
import { decodeCursor, encodeCursor } from '@rep-hub/platform';
import {
  fieldErrorsOf,
  formatDate,
  formFields,
  inPageOrder,
  oneEach,
  saveSession,
  takeSavedForm,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const PAGE_SIZE = 20;
const PROVIDER_FIELDS = ['name', 'providerType', 'urn', 'ukprn', 'tiers'] as const;
const CHECK_FIELDS = ['kind', 'checkedOn', 'expiresOn', 'body', 'outcome'] as const;
const PLACES_FIELDS = ['laId', 'tier', 'academicYear', 'places'] as const;
const TIER_CODES: readonly string[] = AP_TIERS.map((t) => t.code);

/** The posted values of a checkbox group (one value is a string, several an array). */
function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string' && v !== '') return v.split(',');
  return [];
}

/** The partnership's AP directory: providers, their quality checks and the places each LA commissions. */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/providers')
export class ApDirectoryController {
  constructor(
    private readonly directory: ApDirectoryService,
    private readonly context: AuthContext,
  ) {}

  private get userId(): string {
    return this.context.principal.userId;
  }

  // ---- the list ----

  @Policy('read', 'ApProvider')
  @Get()
  async list(@Query('tier') tierQuery: unknown, @Query('after') after: unknown, @Res() res: Response) {
    const tier = typeof tierQuery === 'string' && TIER_CODES.includes(tierQuery) ? tierQuery : undefined;
    const cursor =
      typeof after === 'string' && after !== ''
        ? decodeCursor(after, 'The page link is not one from this list.')
        : null;
    const page = await this.directory.listProviders({ after: cursor, limit: PAGE_SIZE, tier });
    const providers = page.items.map((p) => ({
      ...p,
      typeLabel: typeLabel(p.providerType),
      tiersText: p.tiers.map(tierShort).join(', '),
      offer: offerView(p.offerability),
    }));
    const query = new URLSearchParams();
    if (tier) query.set('tier', tier);
    if (page.more && page.last) query.set('after', encodeCursor(page.last));
    return res.render('ap/providers.njk', {
      title: 'AP directory',
      providers,
      tier: tier ?? '',
      tiers: AP_TIERS.map((t) => ({ value: t.code, text: t.label })),
      filtered: !!tier || !!cursor,
      nextHref: page.more && page.last ? `/ap/providers?${query.toString()}` : null,
      canCreate: this.context.ability.can('create', 'ApProvider'),
    });
  }

  // ---- add a provider ----

  @Policy('create', 'ApProvider')
  @Get('new')
  newProviderPage(@Req() req: WebRequest, @Res() res: Response) {
    const saved = takeSavedForm(req, this.context.principal);
    const values = saved ? { ...saved, tiers: listOf(saved['tiers']) } : { tiers: [] as string[] };
    return this.renderProviderForm(res, values, []);
  }

  @Policy('create', 'ApProvider')
  @Post('new')
  async newProvider(@Req() req: WebRequest, @Res() res: Response) {
    const fields = formFields(req.body);
    const tiers = listOf((req.body as Record<string, unknown> | undefined)?.['tiers']);
    const values = { ...fields, tiers };
    let provider;
    try {
      provider = await this.directory.createProvider({
        name: fields['name'],
        providerType: fields['providerType'],
        urn: fields['urn'],
        ukprn: fields['ukprn'],
        tiers,
      });
    } catch (error) {
      if (error instanceof ConflictException) {
        return this.renderProviderForm(res.status(400), values, [
          {
            field: 'urn',
            message: 'This provider is already in the directory: a provider with this URN or UKPRN exists',
          },
        ]);
      }
      return this.renderProviderForm(
        res.status(400),
        values,
        oneEach(inPageOrder(fieldErrorsOf(error), PROVIDER_FIELDS)),
      );
    }
    req.session.flash = {
      heading: `${provider.name} has been added to the AP directory`,
      text: 'Next, record its quality checks.',
    };
    await saveSession(req);
    return res.redirect(303, `/ap/providers/${provider.id}`);
  }

  // ---- one provider ----

  @Policy('read', 'ApProvider')
  @Get(':providerId')
  async provider(@Param('providerId') providerId: string, @Res() res: Response) {
    const p = await this.directory.getProvider(providerId);
    const ability = this.context.ability;
    return res.render('ap/provider.njk', {
      title: p.name,
      provider: { ...p, typeLabel: typeLabel(p.providerType), tierLabels: p.tiers.map(tierLabel) },
      offer: offerView(p.offerability),
      checks: p.checks.map((c) => ({
        ...c,
        kindLabel: CHECK_KIND_LABELS[c.kind],
        checkedOnText: formatDate(c.checkedOn),
        expiresOnText: formatDate(c.expiresOn),
      })),
      places: p.places.map((x) => ({ ...x, tierText: tierShort(x.tier) })),
      canRecordCheck: ability.can('create', 'ApQualityCheck'),
      canSetPlaces: ability.can('update', 'ApCommissionedPlace'),
    });
  }

  // ---- record a quality check ----

  @Policy('create', 'ApQualityCheck')
  @Get(':providerId/checks/new')
  async newCheckPage(@Param('providerId') providerId: string, @Req() req: WebRequest, @Res() res: Response) {
    const provider = await this.directory.getProvider(providerId);
    return this.renderCheckForm(res, provider, takeSavedForm(req, this.context.principal) ?? {}, []);
  }

  @Policy('create', 'ApQualityCheck')
  @Post(':providerId/checks/new')
  async newCheck(@Param('providerId') providerId: string, @Req() req: WebRequest, @Res() res: Response) {
    const provider = await this.directory.getProvider(providerId);
    const values = formFields(req.body);
    let check;
    try {
      check = await this.directory.recordCheck(providerId, {
        kind: values['kind'],
        checkedOn: values['checkedOn'],
        expiresOn: values['expiresOn'],
        body: values['body'],
        outcome: values['outcome'],
      });
    } catch (error) {
      return this.renderCheckForm(
        res.status(400),
        provider,
        values,
        oneEach(inPageOrder(fieldErrorsOf(error), CHECK_FIELDS)),
      );
    }
    req.session.flash = {
      heading: `${CHECK_KIND_LABELS[check.kind]} check recorded`,
      text: `It expires on ${formatDate(check.expiresOn)}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/providers/${providerId}`);
  }

  // ---- set commissioned places ----

  @Policy('update', 'ApCommissionedPlace')
  @Get(':providerId/places')
  async placesPage(@Param('providerId') providerId: string, @Req() req: WebRequest, @Res() res: Response) {
    const provider = await this.directory.getProvider(providerId);
    const las = await this.localAuthorities();
    const saved = takeSavedForm(req, this.context.principal);
    const values = saved ?? {
      laId: las.length === 1 ? las[0].id : '',
      tier: provider.tiers.length === 1 ? provider.tiers[0] : '',
      academicYear: academicYearOf(new Date()),
      places: '',
    };
    return this.renderPlacesForm(res, provider, las, values, []);
  }

  @Policy('update', 'ApCommissionedPlace')
  @Post(':providerId/places')
  async setPlaces(@Param('providerId') providerId: string, @Req() req: WebRequest, @Res() res: Response) {
    const provider = await this.directory.getProvider(providerId);
    const las = await this.localAuthorities();
    const values = formFields(req.body);
    let set;
    try {
      set = await this.directory.setPlaces(providerId, {
        laId: values['laId'],
        tier: values['tier'],
        academicYear: values['academicYear'],
        places: values['places'],
      });
    } catch (error) {
      const errors = oneEach(inPageOrder(fieldErrorsOf(error), PLACES_FIELDS)).map((e) =>
        e.field === 'laId' && /laId/.test(e.message)
          ? { field: 'laId', message: 'Select a local authority of this partnership' }
          : e,
      );
      return this.renderPlacesForm(res.status(400), provider, las, values, errors);
    }
    req.session.flash = {
      heading: `${set.laName} commissions ${set.places} ${tierShort(set.tier).toLowerCase()} place${set.places === 1 ? '' : 's'} in ${set.academicYear}`,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/providers/${providerId}`);
  }

  // ---- internals ----

  private renderProviderForm(res: Response, values: Record<string, unknown>, errors: FieldError[]) {
    return res.render('ap/provider-form.njk', {
      title: 'Add a provider',
      values,
      errors,
      types: AP_PROVIDER_TYPES.map((t) => ({ value: t.code, text: t.label })),
      tiers: AP_TIERS.map((t) => ({ value: t.code, text: t.label, hint: t.description })),
    });
  }

  private renderCheckForm(
    res: Response,
    provider: ProviderDetail,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    return res.render('ap/check-form.njk', {
      title: 'Record a quality check',
      provider,
      values,
      errors,
      kinds: QUALITY_CHECK_KINDS.map((k) => ({ value: k, text: CHECK_KIND_LABELS[k] })),
    });
  }

  private renderPlacesForm(
    res: Response,
    provider: ProviderDetail,
    las: { id: string; name: string }[],
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    return res.render('ap/places-form.njk', {
      title: 'Set commissioned places',
      provider,
      values,
      errors,
      localAuthorities: las,
      tiers: provider.tiers.map((code) => ({ value: code, text: tierLabel(code) })),
    });
  }

  /** The partnership's local authorities whose places this user may set (an LA officer: their own). */
  private async localAuthorities(): Promise<{ id: string; name: string }[]> {
    const tenantId = this.context.tenantId;
    const rows = (await this.context.inTenant((m) =>
      m.query(
        `SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' AND status = 'active' ORDER BY name, id`,
        [tenantId],
      ),
    )) as { id: string; name: string }[];
    const ability = this.context.ability;
    return rows.filter((r) => ability.can('update', subject('ApCommissionedPlace', { tenantId, laId: r.id }) as never));
  }
}
