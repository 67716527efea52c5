/**
 * Deny-list data for password-policy.ts, written out from published most-common-password lists
 * (breach corpora as summarised by NCSC, SecLists and similar; nothing is downloaded at run
 * time). Entries are lower case; comparison is case-insensitive.
 *
 * Two kinds of entry, used the same way:
 * - whole passwords of 12+ characters that are common as they stand ("password1234");
 * - shorter common passwords that people pad to reach a length rule ("dragon" + "12345!").
 *   password-policy.ts refuses these when the padding is common too (short, a sequence, a
 *   repeat, a year or a date), so they are listed once, not with every padding.
 *
 * Patterns (one repeated character, keyboard walks, digit and letter sequences, a short string
 * repeated) are recognised by code in password-policy.ts rather than listed here.
 */

// Whitespace-separated so the list stays compact; entries never contain whitespace.
const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/** Shorter common passwords and base words, roughly in order of frequency. */
const COMMON_BASES = words(`
password passw0rd p@ssw0rd p@ssword pa55word pa55w0rd passwort pass pass123 pass1234 password1
password12 password123 password! password1! passwd pw123 123456 12345678 123456789 1234567890
12345 1234 111111 1234567 123123 000000 654321 666666 121212 7777777 123321 112233 159753 555555
11111111 131313 777777 222222 88888888 999999 333333 987654321 987654 123654 147258 147258369
159357 1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx zaq1zaq1 1qazxsw2 qazwsx qazwsxedc qwerty
qwerty1 qwerty12 qwerty123 qwertyu qwertyui qwertyuiop qwer1234 1234qwer qwe123 123qwe q1w2e3r4
q1w2e3r4t5 asdfgh asdfghjk asdfghjkl asdf1234 zxcvbn zxcvbnm zxcvbnm1 abc123 abcd1234 a1b2c3
a1b2c3d4 aa123456 abc12345 123abc abcdef abcdefg qweasd qweasdzxc 1qaz 2wsx asdasd qweqwe
dragon baseball football monkey letmein letmein1 shadow master mustang michael superman killer
trustno1 jordan jennifer hunter buster soccer harley batman andrew tigger sunshine iloveyou
iloveyou1 charlie robert thomas hockey ranger daniel starwars klaster george computer michelle
jessica pepper freedom maggie ginger princess joshua cheese amanda summer love ashley nicole
chelsea biteme matthew access yankees dallas austin thunder taylor matrix william corvette hello
martin heather secret merlin diamond hammer silver anthony justin test bailey patrick internet
scooter orange golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken
sparky snoopy maverick phoenix camaro peanut morgan welcome welcome1 falcon cowboy ferrari
samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo
spider nascar monster tigers yellow xxxxxx gateway marina diablo bulldog compaq purple hardcore
banana junior hannah porsche lakers iceman money cowboys london tennis ncc1701 coffee scooby
miller boston yamaha chester mother forever johnny edward oliver redsox player nikita knight
fender barney midnight please brandy chicago badboy slayer rangers charles angel flower rabbit
wizard jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r5t6y sexy
marlboro srinivas internet1 fuckyou fuckoff asshole babygirl lovely monkey1 charlie1 football1
michael1 ashley1 jessica1 sunshine1 princess1 hello123 welcome123 admin admin1 admin123 root
toor administrator changeme default guest user login test123 testing demo secret1 master1
access14 letmein123 qwerty1234 liverpool manutd everton tottenham spurs celtic newcastle
villa chelseafc arsenalfc england scotland wales ireland britain blink182 50cent eminem
metallica slipknot nirvana naruto pokemon pikachu spongebob minecraft fortnite roblox
tinkerbell cinderella barbie hellokitty snoopy1 garfield scoobydoo mickeymouse bubbles
butterfly chocolate strawberry watermelon pineapple sunflower blueberry rainbow cupcake
cherry honey sugar sweetie sweetheart lovelove iloveu loveme lover loveyou ilovegod
jesus jesus1 christ god godislove blessed angel1 angels heaven hallelujah faith grace hope
family friends friend bestfriend mommy mummy mum daddy dad baby babyboy babydoll
princesa beautiful pretty cutie handsome single happy smile sunny shine star stars
superstar rockstar popstar music guitar1 piano dance dancer singer rocky rock rocknroll
skater skate surfer hunter1 fishing fisher golf tennis1 soccer1 hockey1 baseball1 basketball
volleyball softball rugby cricket boxing karate ninja samurai warrior soldier army navy
marine pilot police fireman doctor nurse teacher student school college summer1 winter
spring autumn january february march april may june july august september october november
december monday tuesday friday sunday weekend holiday christmas easter halloween birthday
dragon1 dragons tiger lion leopard panther jaguar cheetah wolf wolves fox eagle hawk falcon1
raven crow shark dolphin whale turtle penguin monkey12 donkey horse pony unicorn kitten
kitty puppy doggy doggie dog cat cats kitkat bear teddy teddybear bunny bunny1 bird
mustang1 camaro1 corvette1 ferrari1 porsche1 bmw audi honda toyota nissan mazda subaru
ford chevy harley1 ducati kawasaki suzuki jeep viper cobra hummer lexus volvo jaguar1
mercedes1 lamborghini bentley bugatti tesla yamaha1 mitsubishi volkswagen peugeot
apple apple123 iphone android samsung1 nokia google facebook youtube twitter instagram
snapchat tiktok hotmail yahoo gmail outlook microsoft windows linux ubuntu mac macbook
dell lenovo intel nintendo playstation xbox xbox360 ps3 ps4 ps5 gamer gaming zelda mario
luigi sonic halo cod callofduty warcraft starcraft diablo3 skyrim fallout pokemon1
superman1 batman1 spiderman ironman hulk thor captain wonderwoman flash joker harleyquinn
deadpool wolverine xmen avengers marvel starwars1 jedi yoda vader darthvader skywalker
chewbacca matrix1 neo morpheus gandalf frodo hobbit legolas aragorn hermione harrypotter
hogwarts voldemort dumbledore sherlock doctorwho tardis dalek simpsons homer bart futurama
southpark family1 friends1 seinfeld lostboys goonies ghostbusters terminator rambo rocky1
scarface godfather titanic avatar shrek nemo dory elsa frozen simba lionking aladdin
jasmine ariel mulan pocahontas tarzan bambi dumbo pinocchio peterpan wendy hook pirate
pirates captain1 sailor mermaid fairy magic wizard1 merlin1 witch vampire zombie ghost
demon devil lucifer satan 666 hell heaven1 paradise utopia dream dreams dreamer believe
imagine destiny freedom1 liberty justice peace love123 lovers passion romance kisses
michael2 jordan23 kobe24 lebron23 messi10 ronaldo7 beckham pele maradona zidane henry14
gerrard rooney lampard terry drogba torres suarez salah kane messi ronaldo neymar
mbappe haaland liverpool1 chelsea1 arsenal1 everton1 manutd1 celtic1 rangers1 leeds
leedsunited westham aston astonvilla sunderland middlesbrough burnley blackburn wolves1
bristol cardiff swansea norwich ipswich brighton fulham crystal palace stoke derby forest
nottingham sheffield southampton portsmouth reading watford luton hull wigan bolton
madrid barcelona barca juventus milan inter ajax bayern dortmund psg porto benfica
lakers1 celtics bulls knicks yankees1 redsox1 cubs dodgers giants patriots cowboys1
steelers1 packers broncos raiders eagles1 bears vikings dolphins chiefs seahawks ravens
michelle1 jennifer1 jessica2 amanda1 ashley2 sarah emily emma olivia sophie sophia chloe
charlotte lucy grace1 lily mia ella isabella hannah1 abigail megan lauren rebecca rachel1
laura amy kate katie kelly lisa mary maria anna julia alice ellie holly molly poppy daisy
rose ruby jade amber crystal diamond1 pearl jasmine1 summer2 autumn1 heather1 samantha1
natalie nicole1 stephanie victoria1 elizabeth catherine katherine christina christine
caroline jacqueline jennifer2 michelle2 melissa1 danielle gabriella alexandra cassandra
veronica vanessa valentina monica jessica3 brittany tiffany courtney chelsea2 kimberly
michael3 james john david chris1 mark paul peter steve stephen andrew1 daniel1 matthew1
joshua1 thomas1 william1 robert1 richard1 charles1 joseph1 christopher alexander benjamin
nicholas jonathan samuel jacob ethan noah liam mason logan lucas oliver1 harry jack
jake charlie2 george1 alfie freddie archie oscar leo max maxwell toby jamie ryan kyle
dylan connor callum liam1 sean shaun scott stuart craig gary kevin brian jason justin1
tyler austin1 brandon hunter2 dakota1 jordan1 cameron taylor1 morgan1 jesse dustin
anthony1 antonio carlos miguel jose juan luis pedro diego alejandro fernando ricardo
roberto eduardo francisco javier manuel rafael sergio marco mario1 giuseppe giovanni
alessandro francesco andrea1 matteo lorenzo luca hans klaus stefan thomas2 andreas
pierre jean nicolas julien mohammed mohamed muhammad ahmed ali hassan hussein omar
ahmad fatima aisha mariam priya rahul amit sunil anil sanjay raj krishna ganesh lakshmi
saibaba om shiva ram sita hanuman allah bismillah inshallah mashallah alhamdulillah
jannat jaan sweet sweety cute angelina beauty flowers roses
secret123 topsecret supersecret mysecret hidden private confidential unknown nothing
nobody someone somebody anything everything something random whatever1 idontknow
dontknow forgot forgotten noidea mypass mypassword newpass newpassword oldpassword
temp temp123 temporary tmp pass1 pass12 passpass password2 password3 password11
test1 test12 test1234 tester testuser testtest qa demo123 sample example user1 user123
username guest123 public anonymous nopass nopassword blank empty none null undefined
letmein2 letmeinnow openup opensesame abracadabra hocuspocus shazam
qwertz qwertz123 azerty azerty123 azertyuiop qsdfghjklm wxcvbn ytrewq poiuytrewq
lkjhgfdsa mnbvcxz asdfjkl asdf qwer zxcv uiop hjkl 1qaz2wsx3edc zaq1 xsw2 cde3
1234abcd abcd123 abc1234 123456a 123456q 1234567a a123456 q123456 qwerty7 qazxsw
password7 password8 password9 password99 password01 password69 password88 passw0rd1
sexy123 sexygirl sexyboy hottie hotstuff hotmail1 hotgirl playboy playgirl lover1
iloveyou2 iloveyou! ilovehim iloveher ilovemom ilovedad imissyou iluvu iluvyou
love1234 loveu loveya lovelove1 mylove myangel mybaby myheart mylife myworld
lifeisgood life goodlife livelife carpediem yolo nevergiveup justdoit trustme
trustnoone believe1 faithful godbless jesuschrist jesussaves jesuslovesme lordjesus
blessing blessings praise amen gloria
`);

/** Longer common passwords, almost all of 12 or more characters as they stand. */
const COMMON_LONG = words(`
password1234 password12345 password123456 password1234567 password12345678 password123456789
password1234567890 password123! password1234! password12345! password2020 password2021
password2022 password2023 password2024 password2025 passwordpassword password123password
p@ssword1234 p@ssw0rd1234 p@ssw0rd123! p@55w0rd1234 passw0rd1234 passw0rd123! passw0rd12345
pa55word1234 mypassword123 mypassword1234 thisismypassword thisisapassword thisismypass
newpassword123 newpassword1234 changeme1234 changeme12345 changemenow123 changemeplease
letmein12345 letmein123456 letmeinplease letmeinletmein letmein1234! iloveyou1234
iloveyou12345 iloveyou123456 iloveyouiloveyou iloveyoubaby iloveyousomuch iloveyoumore
iloveyoumom iloveyoudad iloveyouforever iloveyou4ever iloveyou2much iloveyoutoomuch
ilovemyfamily ilovemymommy ilovemydaddy ilovemydog123 ilovemycat123 ilovemykids
ilovemybaby ilovemyboyfriend ilovemygirlfriend ilovemyhusband ilovemywife12 ilovejesus12
ilovemusic123 ilovechocolate iloveyoujesus loveyouforever loveyou12345 lovelovelove
foreverandever foreveryoung1 foreverlove12 myloveforever happybirthday happybirthday1
merrychristmas happynewyear1 goodmorning1 goodafternoon goodnight123 welcome12345
welcome123456 welcomehome12 welcometothejungle qwertyuiop123 qwertyuiop1234 qwertyuiop12345
qwertyuiopasdfghjkl qwertyuiopasdfghjklzxcvbnm qwertyuiop[] qwerty123456 qwerty1234567
qwerty12345678 qwerty123456789 qwertyqwerty qwerty123qwerty qwertyasdfgh qwertyasdfghzxcvbn
qwerty!@#$%^ qwe123qwe123 qweasdzxc123 qweasdzxcqweasdzxc qazwsxedcrfv qazwsxedcrfvtgb
qazwsxedc123 1qaz2wsx3edc 1qaz2wsx3edc4rfv 1qaz@wsx3edc 1qaz!qaz2wsx@wsx zaq12wsxcde3
zaq1xsw2cde3 zaq!2wsx#edc !qaz2wsx#edc 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1q2w3e4r5t6y7u8i
q1w2e3r4t5y6 a1b2c3d4e5f6 1a2b3c4d5e6f asdfghjkl123 asdfghjkl1234 asdfasdfasdf
asdf1234asdf zxcvbnm12345 zxcvbnm123456 zxcvbnmasdfghjkl abc123456789 abcd12345678
abcdefg12345 abcdefghijkl abcdefghijklmnop abcdefghijklmnopqrstuvwxyz abc123abc123
abcabcabcabc 123456abcdef 123456789012 1234567890123 12345678901234 123456789000
1234567890qwerty 1234567890-= 123456789abc 123456789qwe 123456789qwerty aaaaaaaaaaaa
111111111111 000000000000 123123123123 121212121212 123412341234 123451234512345
112233445566 111222333444 987654321098 098765432109 147258369147 159753159753
147258369258 123654789123 123698745123 789456123789 741852963741 qwertyuiop1!
christopher1 christopher12 alexander123 elizabeth123 jacqueline12 christina123
michaeljordan michaeljackson kimberly1234 jenniferlopez justinbieber britneyspears
harrypotter1 harrypotter123 hermionegranger lordoftherings starwars1234 darthvader123
lukeskywalker spiderman123 supermanbatman batman123456 ironman12345 captainamerica
transformers playstation1 playstation2 playstation3 playstation4 playstation5
nintendo1234 minecraft123 minecraft1234 fortnite1234 callofduty123 counterstrike
worldofwarcraft leagueoflegends pokemon12345 pikachu12345 spongebob123 spongebob1234
spongebobsquarepants scoobydoo123 mickeymouse1 minniemouse12 hellokitty123
winniethepooh tinkerbell12 cinderella12 princess1234 princess12345 babygirl1234
sweetheart12 chocolate123 chocolate1234 butterfly123 butterfly1234 strawberry12
watermelon12 pineapple123 sunflower123 blueberry123 rainbow12345 sunshine1234
sunshine12345 football1234 football12345 baseball1234 basketball12 basketball123
basketball1234 volleyball12 soccer123456 hockey123456 manchesterunited manchestercity
liverpoolfc1 liverpool123 liverpool1234 liverpool1892 chelseafc123 chelsea12345
arsenal12345 arsenalfc123 tottenhamhotspur newcastleunited astonvilla12 westhamunited
leedsunited1 evertonfc123 celticfc1888 glasgowrangers realmadrid12 barcelona123
barcelona1234 juventus1234 bayernmunchen dallascowboys greenbaypackers newyorkyankees
steelers1234 superman1234 superman12345 trustno1trustno1 trustnoone123 blink182blink182
metallica123 linkinpark123 slipknot1234 nirvana12345 eminem123456 onedirection
thebeatles12 ledzeppelin1 pinkfloyd123 greenday1234 mychemicalromance administrator
administrator1 admin1234567 admin123456789 adminadmin123 rootroot1234 superuser123
sysadmin1234 webmaster123 whatever1234 whatever12345 nothing12345 somethingelse
secretpassword supersecret123 topsecret123 mysecret1234 opensesame123 abracadabra1
computer1234 computer12345 internet1234 samsung12345 samsunggalaxy iphone123456
apple1234567 microsoft123 windows12345 google123456 facebook1234 instagram123
twitter12345 linkedin1234 youtube12345 netflix12345 amazon123456 outlook12345
hotmail12345 yahoo1234567 gmail1234567 spotify12345 starbucks123 cocacola1234
mercedesbenz lamborghini1 ferrari12345 volkswagen12 mitsubishi12 harleydavidson
jesuschrist1 jesusislord1 jesuslovesme jesusismyking jesussaves12 godisgood123
godislove123 godbless1234 blessed12345 christ123456 thankyougod1 hallelujah12
praisethelord onelove12345 peaceandlove loveandpeace imissyou1234 imsorry12345
secret123456 unknown12345 nopassword123 teamo123456 tequiero1234 contrasena123
motdepasse123 passwort1234 wachtwoord123 senha1234567 parola123456 haslo1234567
qwertyuiopasdf asdfghjklzxcvbnm zxcvbnmasdfghjklqwertyuiop 1234567890qwertyuiop
qwertyuiop1234567890 1qazxsw23edc 1qaz1qaz1qaz 2wsx2wsx2wsx zaq1zaq1zaq1 qazqazqazqaz
q1w2e3r4t5y6u7i8o9p0 1q2w3e4r5t6y7u8i9o0p 0p9o8i7u6y5t4r3e2w1q poiuytrewq123 abcdef123456
abcdefgh1234 abcdefghi123 aa1234567890 aaaa11111111 aaa111aaa111 abc123abc123abc
iloveyou1! iloveyou123! welcome1234! welcome123! football123! liverpool123!
monkey123456 dragon123456 shadow123456 master123456 michael12345 jordan123456
jennifer1234 superman123! batman123456789 starwars123! princess123! sunshine123!
charlie12345 freedom12345 computer123! letmein123456789 trustno112345 baseball12345
`);

/** Every listed entry, lower-cased and de-duplicated. */
export const COMMON_PASSWORDS: readonly string[] = [
  ...new Set([...COMMON_BASES, ...COMMON_LONG].map((w) => w.normalize('NFKC').toLowerCase())),
];
